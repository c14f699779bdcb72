// Progressive enhancement of the document form (console only): the 正文 textarea becomes a Jodit rich-text
// editor. Without JavaScript the textarea is submitted as it is and the server turns blank-line-separated
// text into paragraphs. Pasted content is cleaned here the way the server cleans it on saving
// (features/documents/sanitize.ts, which stays the authority): paragraphs, headings, lists and tables
// (with merged cells) are kept; Word/WPS styles, classes, <o:p>, XML islands and images are dropped.
(function () {
  'use strict';
  var area = document.querySelector('form.doc-form textarea[name="body"]');
  if (!area || typeof window.Jodit === 'undefined') return;

  var KEEP = 'P BR H2 H3 H4 H5 STRONG B EM I U S SUB SUP BLOCKQUOTE OL UL LI TABLE THEAD TBODY TFOOT TR TH TD CAPTION A HR PRE'.split(' ');
  var RENAME = { H1: 'h2', H6: 'h5' };
  var DROP = 'SCRIPT STYLE HEAD TITLE META LINK XML TEMPLATE NOSCRIPT IMG PICTURE SVG OBJECT EMBED IFRAME VIDEO AUDIO CANVAS FORM INPUT BUTTON SELECT TEXTAREA'.split(' ');
  var BLOCK = /^(P|H[1-6]|LI|TD|TH|CAPTION|BLOCKQUOTE|PRE)$/;

  function esc(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  /** Plain text → paragraphs: blank lines separate paragraphs (single newlines are line breaks); without
   * any blank line every line is a paragraph (as Word and WPS copy text). */
  function textToHtml(text) {
    var norm = text.replace(/\r\n?/g, '\n');
    var paras = /\n[ \t\u00a0\u3000]*\n/.test(norm) ? norm.split(/\n(?:[ \t\u00a0\u3000]*\n)+/) : norm.split('\n');
    return paras
      .map(function (p) {
        return p
          .split('\n')
          .map(function (l) { return l.trim(); })
          .filter(Boolean)
          .map(esc)
          .join('<br>');
      })
      .filter(Boolean)
      .map(function (p) { return '<p>' + p + '</p>'; })
      .join('');
  }

  /** The allowed attributes of one element, copied onto its clean copy. */
  function copyAttributes(from, to) {
    var tag = from.nodeName;
    if (tag === 'TD' || tag === 'TH') {
      ['colspan', 'rowspan'].forEach(function (a) {
        var v = from.getAttribute(a);
        if (v && /^\d{1,3}$/.test(v) && v !== '1') to.setAttribute(a, v);
      });
    }
    if (tag === 'A') {
      var href = from.getAttribute('href') || '';
      if (/^(https?:|mailto:)/i.test(href.trim())) to.setAttribute('href', href.trim());
    }
    if (BLOCK.test(tag)) {
      var m = /text-align\s*:\s*(left|right|center|justify)/i.exec(from.getAttribute('style') || '');
      var align = m ? m[1] : /^(left|right|center|justify)$/i.test(from.getAttribute('align') || '') ? from.getAttribute('align') : '';
      if (align) to.setAttribute('style', 'text-align:' + align.toLowerCase());
    }
  }

  /** Copies the allowed structure of `src`'s children into `dst` (unknown elements give way to their content). */
  function cleanInto(src, dst, doc) {
    for (var n = src.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) {
        // Word wraps long lines in its HTML: no space between two Chinese characters, else one space.
        dst.appendChild(doc.createTextNode(n.nodeValue.replace(/([^\x00-\xff])[\r\n]+([^\x00-\xff])/g, '$1$2').replace(/[\r\n]+/g, ' ')));
        continue;
      }
      if (n.nodeType !== 1) continue; // comments (Word's <!--[if …]>), processing instructions
      var name = n.nodeName.toUpperCase();
      if (DROP.indexOf(name) >= 0 || name.indexOf(':') > 0 && name !== 'O:P' && !n.textContent.trim()) continue;
      var keep = RENAME[name] || (KEEP.indexOf(name) >= 0 ? name.toLowerCase() : null);
      if (!keep) {
        cleanInto(n, dst, doc);
        continue;
      }
      var el = doc.createElement(keep);
      copyAttributes(n, el);
      cleanInto(n, el, doc);
      if (keep === 'p' && !el.textContent.replace(/[\s\u00a0]/g, '') && !el.querySelector('table,hr')) continue;
      dst.appendChild(el);
    }
  }

  function cleanHtml(html) {
    // DOMParser documents are inert: no script runs, no image loads.
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var out = document.createElement('div');
    cleanInto(doc.body, out, document);
    return out.innerHTML;
  }

  var editor = window.Jodit.make(area, {
    language: 'zh_cn',
    minHeight: 360,
    height: 520,
    toolbarAdaptive: true,
    toolbarSticky: false,
    buttons: ['paragraph', 'bold', 'italic', 'underline', '|', 'ul', 'ol', 'indent', 'outdent', '|', 'align', 'table', 'link', 'hr', '|', 'undo', 'redo', 'eraser', 'source', 'fullsize'],
    buttonsMD: ['paragraph', 'bold', 'italic', '|', 'ul', 'ol', '|', 'align', 'table', 'link', '|', 'undo', 'redo', 'dots'],
    buttonsSM: ['paragraph', 'bold', '|', 'ul', 'ol', '|', 'table', 'link', '|', 'undo', 'redo', 'dots'],
    buttonsXS: ['paragraph', 'bold', 'ul', 'ol', 'table', 'undo', 'dots'],
    controls: {
      paragraph: { list: window.Jodit.atom({ p: '正文段落', h2: '一级标题', h3: '二级标题', h4: '三级标题', blockquote: '引用' }) },
    },
    // Everything from this origin: no source-code editor or HTML beautifier fetched from a CDN.
    sourceEditor: 'area',
    beautifyHTML: false,
    sourceEditorCDNUrlsJS: [],
    beautifyHTMLCDNUrlsJS: [],
    // Pasting is handled below (beforePaste), without Jodit's "keep or clean?" dialogs.
    askBeforePasteHTML: false,
    askBeforePasteFromWord: false,
    processPasteHTML: false,
    processPasteFromWord: false,
    defaultActionOnPaste: 'insert_as_html',
    showCharsCounter: false,
    showWordsCounter: false,
    showXPathInStatusbar: false,
    showPlaceholder: false, // its light grey text fails the contrast check; the label and hint say what to enter
    tabIndex: 0, // reachable with the Tab key like the other fields
    hidePoweredByJodit: true,
    disablePlugins: ['image', 'image-processor', 'image-properties', 'file', 'video', 'media', 'drag-and-drop', 'drag-and-drop-element', 'iframe', 'print', 'speech-recognize', 'ai-assistant', 'spellcheck'],
    uploader: { insertImageAsBase64URI: false },
  });

  // The editable area is what screen readers land on: give it the field's label and hint.
  // (role textbox: a plain contenteditable <div> may not carry aria-label).
  editor.editor.setAttribute('role', 'textbox');
  editor.editor.setAttribute('aria-multiline', 'true');
  editor.editor.setAttribute('aria-label', '正文');
  if (area.getAttribute('aria-describedby')) editor.editor.setAttribute('aria-describedby', area.getAttribute('aria-describedby'));

  editor.e.on('beforePaste', function (e) {
    if (editor.getRealMode() !== 1) return; // 1 = Jodit.constants.MODE_WYSIWYG; the HTML source view pastes as it is
    var dt = e.clipboardData || (e.originalEvent && e.originalEvent.clipboardData);
    if (!dt) return;
    var html = dt.getData('text/html');
    var text = dt.getData('text/plain');
    var clean = html && /<[a-z!]/i.test(html) ? cleanHtml(html) : text ? textToHtml(text) : '';
    if (!clean) return dt.files && dt.files.length ? false : undefined; // pasted images: 正文 takes no images (upload them as attachments)
    editor.s.insertHTML(clean);
    editor.synchronizeValues();
    return false;
  });

  // Jodit keeps the textarea's value in step; make sure the last keystroke is in before submitting.
  if (area.form) area.form.addEventListener('submit', function () { editor.synchronizeValues(); });
})();
