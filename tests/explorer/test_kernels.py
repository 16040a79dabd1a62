"""The explorer server's kernel manager culls the kernel of a closed page, never a loading one."""

import asyncio

from ecosystems.explorer.app import KERNEL_MANAGER, voila_command
from ecosystems.explorer.kernels import UNCONNECTED_IDLE_S, PageKernelManager


def test_voila_serves_with_the_page_kernel_manager():
    command = voila_command(8866)
    assert f"--VoilaConfiguration.multi_kernel_manager_class={KERNEL_MANAGER}" in command
    module, _, name = KERNEL_MANAGER.rpartition(".")
    assert (module, name) == (PageKernelManager.__module__, PageKernelManager.__name__)


def test_a_kernel_is_culled_only_after_a_page_connected_and_left(tmp_path):
    async def scenario():
        km = PageKernelManager(cull_idle_timeout=1, cull_interval=0, cull_connected=False,
                               connection_dir=str(tmp_path))
        kernel_id = await km.start_kernel(kernel_name="ecosystems")
        try:
            # idle, unconnected (a page still loading): past the cull timeout, kept
            await asyncio.sleep(1.5)
            await km.cull_kernel_if_idle(kernel_id)
            kept = kernel_id in km.list_kernel_ids()
            km.notify_connect(kernel_id)  # the page connected ...
            await km.cull_kernel_if_idle(kernel_id)
            kept_connected = kernel_id in km.list_kernel_ids()
            km.notify_disconnect(kernel_id)  # ... and was closed
            await asyncio.sleep(1.5)
            await km.cull_kernel_if_idle(kernel_id)
            culled = kernel_id not in km.list_kernel_ids()
        finally:
            if kernel_id in km.list_kernel_ids():
                await km.shutdown_kernel(kernel_id, now=True)
        return kept, kept_connected, culled

    assert UNCONNECTED_IDLE_S > 1.5
    assert asyncio.run(scenario()) == (True, True, True)
