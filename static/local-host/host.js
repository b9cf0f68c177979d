/*
 * The host side of the Forge bridge on the runtime's pages: answers each panel iframe's calls with the context and
 * panel token the server rendered into this page (never anything the iframe says about itself), sizes the iframes,
 * shows flags, relays events between panels, and runs the header's person switcher and theme toggle.
 */
(function () {
  'use strict';
  var origin = window.location.origin;
  var dataBlock = document.getElementById('forge-panels');
  var panels = dataBlock ? JSON.parse(dataBlock.textContent || '[]') : [];
  var endpointsBlock = document.getElementById('host-endpoints');
  var endpoints = endpointsBlock ? JSON.parse(endpointsBlock.textContent || '{}') : {};
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : '';

  function frameOf(panel) { return document.getElementById(panel.id); }
  function panelOfWindow(source) {
    for (var i = 0; i < panels.length; i++) {
      var frame = frameOf(panels[i]);
      if (frame && frame.contentWindow === source) return panels[i];
    }
    return null;
  }
  function post(panel, message) {
    var frame = frameOf(panel);
    if (frame && frame.contentWindow) frame.contentWindow.postMessage(message, origin);
  }

  function invoke(panel, payload) {
    return fetch(endpoints.invoke, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + panel.token },
      body: JSON.stringify({ functionKey: payload.functionKey, payload: payload.payload || {} }),
    }).then(function (response) {
      return response.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
        if (response.ok) return body;
        var message = body && body.errorMessages && body.errorMessages.length ? body.errorMessages.join(' ') : 'HTTP ' + response.status;
        if (response.status === 401) message += ' Reload the page to get a new panel token.';
        throw new Error(message);
      });
    });
  }

  function fetchProduct(panel, payload) {
    var init = payload.fetchRequestInit || {};
    return fetch(endpoints.productFetch, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + panel.token },
      body: JSON.stringify({ product: payload.product, restPath: payload.restPath, method: init.method || 'GET', headers: init.headers || [], body: init.body === null ? undefined : init.body }),
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) throw new Error((answer && answer.errorMessages && answer.errorMessages.join(' ')) || 'HTTP ' + response.status);
        return { status: answer.status, statusText: answer.statusText, headers: answer.headers, body: answer.body, isAttachment: false };
      });
    });
  }

  // Flags as Jira draws a Forge app's showFlag: over the product, fixed to the top of the viewport (not inside the
  // panel's iframe), newest first. Options as @forge/bridge documents them (FlagOptions): id, title, description,
  // type (the icon), appearance (a bold flag: its description and actions behind an expander), actions, isAutoDismiss.
  var FLAG_TYPES = ['info', 'success', 'warning', 'error'];
  var FLAG_ICONS = { info: 'i', success: '\u2713', warning: '!', error: '\u00d7' };
  // @atlaskit/flag's AutoDismissFlag: 8 seconds, paused while the pointer or focus is on the flag.
  var AUTO_DISMISS_MS = 8000;
  function flags() {
    var region = document.getElementById('flags');
    if (!region) {
      region = document.createElement('div');
      region.id = 'flags';
      region.setAttribute('role', 'region');
      region.setAttribute('aria-label', 'Notifications');
      document.body.appendChild(region);
    }
    return region;
  }
  function flagOf(panel, id) {
    var list = flags().querySelectorAll('.flag');
    for (var i = 0; i < list.length; i++) if (list[i].dataset.flagPanel === panel.id && list[i].dataset.flagId === String(id)) return list[i];
    return null;
  }
  function removeFlag(panel, flag) {
    if (!flag || !flag.parentNode) return;
    if (flag.autoDismiss) clearTimeout(flag.autoDismiss);
    flag.remove();
    post(panel, { forgeBridge: 'flagClosed', id: flag.dataset.flagId });
  }
  function showFlag(panel, options) {
    if (options.id === undefined || options.id === null || options.id === '') throw new Error('"id" must be defined in flag options');
    var appearance = FLAG_TYPES.indexOf(options.appearance) >= 0 ? options.appearance : null;
    // "If appearance is given, type is overridden to equal appearance."
    var type = appearance || (FLAG_TYPES.indexOf(options.type) >= 0 ? options.type : 'info');
    var flag = document.createElement('div');
    flag.className = 'flag flag-' + type + (appearance ? ' flag-bold' : '');
    flag.setAttribute('role', type === 'error' || type === 'warning' ? 'alert' : 'status');
    flag.dataset.flagId = String(options.id);
    flag.dataset.flagPanel = panel.id;
    var icon = document.createElement('span');
    icon.className = 'flag-icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = FLAG_ICONS[type];
    var body = document.createElement('div');
    body.className = 'flag-body';
    var title = document.createElement('strong');
    title.className = 'flag-title';
    title.textContent = options.title || '';
    body.appendChild(title);
    var details = document.createElement('div');
    details.className = 'flag-details';
    if (options.description) {
      var description = document.createElement('div');
      description.className = 'flag-description';
      description.textContent = String(options.description);
      details.appendChild(description);
    }
    var actions = Array.isArray(options.actions) ? options.actions : [];
    if (actions.length > 0) {
      var row = document.createElement('div');
      row.className = 'flag-actions';
      actions.forEach(function (action, index) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'flag-action';
        button.textContent = String(action.text || '');
        button.addEventListener('click', function () { post(panel, { forgeBridge: 'flagAction', id: String(options.id), index: index }); });
        row.appendChild(button);
      });
      details.appendChild(row);
    }
    if (details.childNodes.length > 0) {
      if (appearance) {
        // A bold flag shows its title; the rest opens with its expander.
        var toggle = document.createElement('button');
        toggle.type = 'button';
        toggle.className = 'flag-toggle';
        toggle.setAttribute('aria-expanded', 'false');
        toggle.textContent = 'Show more';
        details.hidden = true;
        toggle.addEventListener('click', function () {
          details.hidden = !details.hidden;
          toggle.setAttribute('aria-expanded', String(!details.hidden));
          toggle.textContent = details.hidden ? 'Show more' : 'Show less';
        });
        body.appendChild(toggle);
      }
      body.appendChild(details);
    }
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'flag-dismiss';
    close.setAttribute('aria-label', 'Dismiss');
    close.textContent = '\u00d7';
    close.addEventListener('click', function () { removeFlag(panel, flag); });
    flag.append(icon, body, close);
    // The same id again (from the same panel) replaces the flag it names.
    removeFlag(panel, flagOf(panel, options.id));
    flags().insertBefore(flag, flags().firstChild);
    if (options.isAutoDismiss) {
      var arm = function () { flag.autoDismiss = setTimeout(function () { removeFlag(panel, flag); }, AUTO_DISMISS_MS); };
      var hold = function () { clearTimeout(flag.autoDismiss); };
      flag.addEventListener('mouseenter', hold);
      flag.addEventListener('focusin', hold);
      flag.addEventListener('mouseleave', arm);
      flag.addEventListener('focusout', arm);
      arm();
    }
    return true;
  }

  function pathOf(location) {
    if (!location) return null;
    if (location.url) return location.url;
    var target = location.target;
    // As Jira answers getUrl (ui-api-bridge/router): an issue is /browse/KEY, which the runtime serves as its issue view.
    if ((target === 'issue' || target === 'request') && location.issueKey) return '/browse/' + encodeURIComponent(location.issueKey);
    if (target === 'projectSettingsDetails' || target === 'projectSettings') return '/settings';
    return null;
  }
  function navigate(payload) {
    var path = pathOf(payload);
    if (!path) throw new Error('This navigation target is not available in the local runtime.');
    var url = new URL(path, origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('Only http(s) links can be opened.');
    // As Jira does (custom-ui-bridge/router): a link to an external site asks the person first; declined, the call rejects.
    if (url.origin !== origin && !window.confirm('This link leads away from Jira, to ' + url.href + '. Open it?')) throw new Error('The person chose not to open the external link.');
    // An external site always opens in a new tab once the person agreed (router: "prompted before opening the link in a new tab").
    if (payload.type === 'new-tab' || url.origin !== origin) window.open(url.href, '_blank', 'noopener');
    else window.location.assign(url.href);
    return true;
  }

  var handlers = {
    getContext: function (panel) { return panel.context; },
    invoke: invoke,
    fetchProduct: fetchProduct,
    resize: function (panel, payload) {
      var frame = frameOf(panel);
      if (frame && payload && payload.height) frame.style.height = String(payload.height).match(/^\d+$/) ? payload.height + 'px' : String(payload.height);
      return true;
    },
    emit: function (panel, payload) {
      panels.forEach(function (other) { post(other, { forgeBridge: 'event', event: payload.event, payload: payload.payload }); });
      return undefined;
    },
    showFlag: function (panel, payload) { return showFlag(panel, payload || {}); },
    // A panel closes its own flags only.
    closeFlag: function (panel, payload) { removeFlag(panel, flagOf(panel, payload && payload.id)); return true; },
    navigate: function (panel, payload) { return navigate(payload || {}); },
    getUrl: function (panel, payload) { var path = pathOf(payload); if (!path) throw new Error('Unknown location.'); return new URL(path, origin).href; },
    reload: function () { window.location.reload(); return true; },
    refresh: function (panel) { var frame = frameOf(panel); if (frame) frame.src = frame.src; return true; },
    changeWindowTitle: function (panel, title) { document.title = String(title); return true; },
  };

  window.addEventListener('message', function (event) {
    if (event.origin !== origin) return;
    var panel = panelOfWindow(event.source);
    var message = event.data;
    if (!panel || !message || typeof message !== 'object') return;
    if (message.forgeBridge === 'size') {
      var frame = frameOf(panel);
      if (frame && !frame.dataset.fixedHeight) frame.style.height = Math.max(160, Math.min(20000, Number(message.height) || 0)) + 'px';
      return;
    }
    if (message.forgeBridge === 'reveal') {
      var box = frameOf(panel).getBoundingClientRect();
      var top = box.top + Number(message.top || 0);
      var bottom = box.top + Number(message.bottom || 0);
      // Smooth unless the person asked the system for reduced motion (the browser tests do: a moving page is a moving target).
      var motion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
      if (top < 0 || bottom > window.innerHeight) window.scrollBy({ top: top - 80, behavior: motion });
      return;
    }
    if (message.forgeBridge !== 'call') return;
    var handler = Object.prototype.hasOwnProperty.call(handlers, message.name) ? handlers[message.name] : null;
    Promise.resolve()
      .then(function () {
        if (!handler) throw new Error('callBridge("' + message.name + '") is not available in the local runtime.');
        return handler(panel, message.payload);
      })
      .then(
        function (value) { post(panel, { forgeBridge: 'answer', id: message.id, ok: true, value: value === undefined ? null : value }); },
        function (error) { post(panel, { forgeBridge: 'answer', id: message.id, ok: false, error: error && error.message ? error.message : String(error) }); }
      );
  });

  // Header: the person switcher submits on change; the theme toggle switches this page and its panels, and is remembered.
  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });
  var toggle = document.querySelector('[data-theme-toggle]');
  if (toggle) {
    toggle.addEventListener('click', function () {
      var html = document.documentElement;
      var mode = html.getAttribute('data-color-mode') === 'dark' ? 'light' : 'dark';
      html.setAttribute('data-color-mode', mode);
      toggle.textContent = mode === 'dark' ? 'Light theme' : 'Dark theme';
      panels.forEach(function (panel) {
        panel.context.theme = { colorMode: mode };
        post(panel, { forgeBridge: 'theme', colorMode: mode });
      });
      fetch(endpoints.theme, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ theme: mode, csrf: csrf }).toString() });
    });
  }
})();
