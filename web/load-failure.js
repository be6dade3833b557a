// What a visitor sees when a part of the portal cannot be fetched (a dropped connection, a server
// being restarted): a clear message and a "Try again" button, never a blank or broken page.
// A classic script, loaded first by public.html and index.html, so it is in place before the app's
// own files are asked for. It notices:
// - a file the page asked for by an element (the JS glue, the stylesheet, the preloaded
//   WebAssembly) that failed to arrive: the `error` event of that element;
// - the WebAssembly download or start-up failing: Trunk's initializer (load-initializer.mjs)
//   calls `window.portalLoadFailed`.
// "Try again" loads the page again, which fetches only what is missing (the rest is cached).
(function () {
  var shown = false;

  function show() {
    if (shown) return;
    shown = true;
    var render = function () {
      var main = document.createElement('main');
      main.id = 'main-content';
      main.tabIndex = -1;
      main.className = 'max-w-3xl mx-auto px-4 py-8';
      var box = document.createElement('div');
      box.setAttribute('role', 'alert');
      box.className = 'border-l-8 border-error p-4';
      var h1 = document.createElement('h1');
      h1.className = 'text-4xl font-bold mb-6';
      h1.textContent = 'This part of the portal could not be loaded';
      var p1 = document.createElement('p');
      p1.className = 'mb-4';
      p1.textContent =
        'Your browser could not fetch all of this page. Check your internet connection, then try again. Nothing you have sent to the portal is lost.';
      var p2 = document.createElement('p');
      p2.className = 'mb-4';
      p2.textContent = 'If it keeps happening, call HFS on 877-782-5565.';
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'btn';
      button.id = 'load-try-again';
      button.textContent = 'Try again';
      button.addEventListener('click', function () {
        window.location.reload();
      });
      box.appendChild(h1);
      box.appendChild(p1);
      box.appendChild(p2);
      box.appendChild(button);
      main.appendChild(box);
      document.body.appendChild(main);
      main.focus();
    };
    if (document.body) render();
    else document.addEventListener('DOMContentLoaded', render);
  }

  window.portalLoadFailed = show;
  window.addEventListener(
    'error',
    function (event) {
      var el = event.target;
      if (!el || !el.tagName) return;
      var tag = el.tagName.toUpperCase();
      var rel = (el.getAttribute('rel') || '').toLowerCase();
      if (tag === 'SCRIPT' || (tag === 'LINK' && /stylesheet|preload|modulepreload/.test(rel))) show();
    },
    true,
  );
})();
