// Progressive enhancement of upload forms (console): the files are sent with XMLHttpRequest so that a
// <progress> bar can show how much has been sent. Without JavaScript (or without XHR upload events) the
// plain form is submitted as usual. The server answers as before: a redirect to the page with the result
// (followed here by loading that page), or a page with the error (shown in place of this one).
(function () {
  'use strict';
  var forms = document.querySelectorAll('form[data-upload-progress]');
  if (!forms.length || typeof FormData === 'undefined' || !('upload' in new XMLHttpRequest())) return;

  function fmt(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
  }

  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener('submit', function (e) {
      var input = form.querySelector('input[type="file"]');
      if (!input || !input.files || !input.files.length) return; // the server explains what is missing
      e.preventDefault();
      var button = form.querySelector('button[type="submit"], button:not([type])');
      if (button) button.disabled = true;

      var box = form.querySelector('.upload-progress');
      if (!box) {
        box = document.createElement('div');
        box.className = 'upload-progress';
        box.setAttribute('role', 'status');
        box.setAttribute('aria-live', 'polite');
        var bar = document.createElement('progress');
        bar.max = 100;
        bar.value = 0;
        bar.setAttribute('aria-label', '上传进度');
        var label = document.createElement('span');
        box.appendChild(bar);
        box.appendChild(document.createTextNode(' '));
        box.appendChild(label);
        form.appendChild(box);
      }
      var progress = box.querySelector('progress');
      var text = box.querySelector('span');
      text.textContent = '正在上传… 0%';

      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.addEventListener('progress', function (ev) {
        if (!ev.lengthComputable) return;
        var pct = Math.min(100, Math.round((ev.loaded / ev.total) * 100));
        progress.value = pct;
        text.textContent = '正在上传… ' + pct + '%（' + fmt(ev.loaded) + ' / ' + fmt(ev.total) + '）';
      });
      xhr.upload.addEventListener('load', function () {
        progress.value = 100;
        text.textContent = '上传完成，正在保存…';
      });
      xhr.addEventListener('load', function () {
        var type = xhr.getResponseHeader('Content-Type') || '';
        if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL && xhr.responseURL !== form.action) {
          window.location.assign(xhr.responseURL); // the redirect's target: the page with the result
        } else if (type.indexOf('text/html') === 0) {
          document.open();
          document.write(xhr.responseText); // the server's page with the error message
          document.close();
        } else {
          failed('上传失败（HTTP ' + xhr.status + '），请重试。');
        }
      });
      xhr.addEventListener('error', function () {
        failed('网络中断，上传没有完成，请重试。');
      });
      xhr.send(new FormData(form));

      function failed(msg) {
        text.textContent = msg;
        if (button) button.disabled = false;
      }
    });
  });
})();
