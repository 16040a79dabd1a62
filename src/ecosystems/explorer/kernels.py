"""The explorer server's kernel manager: it culls the kernels of closed pages, never a loading one.

Voila starts one kernel per page opened and executes notebook 07 in it before the page is
complete; only then does the page connect to its kernel. jupyter_server's culler shuts down a
kernel that has no connection once it has been idle for ``cull_idle_timeout`` seconds, and it
counts a kernel that is still starting as idle. So when starting a kernel (or the gap between
two cells, or the page's first connection) takes longer than that timeout, it culls the kernel
of a page that is still loading; Voila's rendering of that page then fails with "Kernel died
before replying to kernel_info", which it logs but never reports, and the browser waits
forever for the rest of the page. With the explorer's 300 s this needs a start that takes five
minutes; the browser tests' server, which culls after 2 s, met it on a busy machine
(tests/explorer/test_app_browser.py).

:class:`PageKernelManager` culls by jupyter_server's rule only kernels a page has connected to
(and left: ``cull_connected`` is off, so a connected kernel is never culled); a kernel no page
has connected to yet is left alone until it has been idle for :data:`UNCONNECTED_IDLE_S`
seconds, or for ``cull_idle_timeout`` if that is longer (its page was closed while loading).
Voila uses it through its ``VoilaConfiguration.multi_kernel_manager_class`` setting
(:func:`ecosystems.explorer.app.voila_command`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

#: seconds a kernel no page has connected to may stay idle before it is culled
UNCONNECTED_IDLE_S = 300


class PageKernelManager(AsyncMappingKernelManager):
    """jupyter_server's kernel manager, culling only the kernels of pages that connected.

    See the module docstring. Everything else (starting, connecting, shutting down, the
    ``cull_*`` settings) is :class:`AsyncMappingKernelManager`'s.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._connected_once: set[str] = set()

    def notify_connect(self, kernel_id):
        """Note that a page connected to ``kernel_id``; then jupyter_server's bookkeeping."""
        self._connected_once.add(kernel_id)
        super().notify_connect(kernel_id)

    async def cull_kernel_if_idle(self, kernel_id):
        """jupyter_server's culling, for a kernel a page has connected to or one idle for long.

        A kernel whose page has not connected yet is culled only once idle for
        ``max(UNCONNECTED_IDLE_S, cull_idle_timeout)`` seconds.
        """
        self._connected_once &= set(self.list_kernel_ids())  # forget kernels shut down
        if kernel_id not in self._connected_once:
            kernel = self.get_kernel(kernel_id)
            last = getattr(kernel, "last_activity", None)  # set once jupyter_server watches it
            idle = (datetime.now(UTC) - last).total_seconds() if last is not None else 0.0
            if idle <= max(UNCONNECTED_IDLE_S, self.cull_idle_timeout):
                return
        await super().cull_kernel_if_idle(kernel_id)
