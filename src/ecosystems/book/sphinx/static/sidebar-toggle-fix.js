// Workaround for pydata-sphinx-theme >= 0.17 + sphinx-book-theme (pydata-sphinx-theme#2451,
// sphinx-book-theme#988): both themes bind only the first ".primary-toggle" / ".secondary-toggle"
// (document.querySelector), which is the hidden navbar button; the visible article-header
// buttons do nothing, so on narrow screens the left navigation cannot be opened.
// Forward clicks on every other toggle to the first (bound) one.
document.addEventListener("DOMContentLoaded", function () {
  [".primary-toggle", ".secondary-toggle"].forEach(function (sel) {
    var all = document.querySelectorAll(sel);
    for (var i = 1; i < all.length; i++) {
      all[i].addEventListener("click", function (e) {
        e.preventDefault(); e.stopPropagation(); all[0].click();
      });
    }
  });
});
