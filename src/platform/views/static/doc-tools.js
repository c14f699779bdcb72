// Public document page tools (progressive enhancement; the page works without this script).
// Shows the print, smaller/larger text and share/copy buttons and hides the plain links they replace;
// opens the 信息公开要素 on wide screens and before printing. ES5 only: citizens' phones are often old.
(function () {
  'use strict';
  var tools = document.querySelector('.doc-tools');
  if (!tools) return;
  var meta = document.querySelector('details.doc-meta');
  var body = document.querySelector('.doc-body');
  var status = tools.querySelector('.doc-share-status');
  function tool(name) {
    return tools.querySelector('[data-doc-tool="' + name + '"]');
  }
  function hide(selector) {
    var el = tools.querySelector(selector);
    if (el) el.hidden = true;
  }
  function say(text) {
    if (status) status.textContent = text;
  }

  // The metadata stay folded on phones and open on wide screens.
  if (meta && window.matchMedia && window.matchMedia('(min-width: 760px)').matches) meta.open = true;

  // Print: the dialog at once; the metadata are printed open.
  var print = tool('print');
  if (print && typeof window.print === 'function') {
    print.hidden = false;
    hide('.doc-print-link');
    print.addEventListener('click', function () {
      window.print();
    });
  }
  var wasOpen = null;
  window.addEventListener('beforeprint', function () {
    if (meta) {
      wasOpen = meta.open;
      meta.open = true;
    }
  });
  window.addEventListener('afterprint', function () {
    if (meta && wasOpen === false) meta.open = false;
    wasOpen = null;
  });

  // Text size of the body, remembered on this device.
  var SIZES = [0.95, 1.05, 1.2, 1.35, 1.55, 1.8];
  var KEY = 'gongkai-doc-size';
  var level = 1;
  try {
    var saved = Number(window.localStorage.getItem(KEY));
    if (saved >= 0 && saved < SIZES.length) level = saved;
  } catch (e) {}
  function apply() {
    if (body) body.style.fontSize = SIZES[level] + 'rem';
    smaller.disabled = level === 0;
    larger.disabled = level === SIZES.length - 1;
    try {
      window.localStorage.setItem(KEY, String(level));
    } catch (e) {}
  }
  var smaller = tool('smaller');
  var larger = tool('larger');
  if (body && smaller && larger) {
    smaller.hidden = false;
    larger.hidden = false;
    smaller.addEventListener('click', function () {
      if (level > 0) level--;
      apply();
      say('字体已缩小');
    });
    larger.addEventListener('click', function () {
      if (level < SIZES.length - 1) level++;
      apply();
      say('字体已放大');
    });
    if (level !== 1) apply();
    else {
      smaller.disabled = false;
      larger.disabled = false;
    }
  }

  // Share: the system share sheet where there is one, else copy the address.
  var share = tool('share');
  var input = document.getElementById('doc-url');
  if (share && input) {
    share.hidden = false;
    if (navigator.share) share.textContent = '分享';
    input.addEventListener('focus', function () {
      input.select();
    });
    share.addEventListener('click', function () {
      if (navigator.share) {
        var p = navigator.share({ title: document.title, url: input.value });
        if (p && p['catch']) p['catch'](function () {});
        return;
      }
      var done = function () {
        say('网址已复制，可粘贴发送给他人');
      };
      var manual = function () {
        input.focus();
        input.select();
        var ok = false;
        try {
          ok = document.execCommand('copy');
        } catch (e) {}
        say(ok ? '网址已复制，可粘贴发送给他人' : '请长按或右键复制上面的网址');
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(input.value).then(done, manual);
      else manual();
    });
  }
})();
