/*
 * Loaded by every Custom UI panel page before its bundle: the `globalThis.__bridge` that @forge/bridge calls.
 * What only the host page knows or does (the Forge context, invoke with the panel token, flags, navigation,
 * events to other panels, the iframe's height) is asked of the parent window by postMessage; the rest is
 * answered here.
 */
(function () {
  'use strict';
  var host = window.parent;
  var origin = window.location.origin;
  var nextId = 1;
  var pending = new Map();
  var listeners = new Map();
  var themed = false;
  var colorMode = null;
  // A flag's actions run their onClick here, in the panel: the host draws the buttons and says which one was clicked.
  var flagActions = new Map();

  function ask(name, payload) {
    return new Promise(function (resolve, reject) {
      if (host === window) {
        reject(new Error('This panel runs inside a page of the local runtime; open it from there.'));
        return;
      }
      var id = nextId++;
      pending.set(id, { resolve: resolve, reject: reject });
      host.postMessage({ forgeBridge: 'call', id: id, name: name, payload: payload === undefined ? null : JSON.parse(JSON.stringify(payload)) }, origin);
    });
  }

  function applyTheme(mode) {
    colorMode = mode;
    if (!themed || !mode) return;
    var html = document.documentElement;
    html.setAttribute('data-color-mode', mode);
    html.setAttribute('data-theme', 'dark:dark light:light spacing:spacing typography:typography shape:shape');
  }

  window.addEventListener('message', function (event) {
    if (event.source !== host || event.origin !== origin) return;
    var message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.forgeBridge === 'answer') {
      var call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      if (message.ok) call.resolve(message.value);
      else call.reject(new Error(message.error));
    } else if (message.forgeBridge === 'event') {
      (listeners.get(message.event) || []).forEach(function (callback) {
        try {
          callback(message.payload);
        } catch (error) {
          console.error(error);
        }
      });
    } else if (message.forgeBridge === 'theme') {
      applyTheme(message.colorMode);
    } else if (message.forgeBridge === 'flagAction') {
      var action = (flagActions.get(String(message.id)) || [])[message.index];
      if (typeof action === 'function') {
        try {
          action();
        } catch (error) {
          console.error(error);
        }
      }
    } else if (message.forgeBridge === 'flagClosed') {
      flagActions.delete(String(message.id));
    }
  });

  function subscribe(payload) {
    var list = listeners.get(payload.event) || [];
    list.push(payload.callback);
    listeners.set(payload.event, list);
    return Promise.resolve({
      unsubscribe: function () {
        listeners.set(payload.event, (listeners.get(payload.event) || []).filter(function (cb) { return cb !== payload.callback; }));
      },
    });
  }

  function memoryHistory() {
    var callbacks = [];
    var history = {
      location: { pathname: '/', search: '', hash: '', state: undefined },
      action: 'POP',
      listen: function (callback) {
        callbacks.push(callback);
        return function () { callbacks = callbacks.filter(function (cb) { return cb !== callback; }); };
      },
      push: function (path, state) { go('PUSH', path, state); },
      replace: function (path, state) { go('REPLACE', path, state); },
      go: function () {},
      back: function () {},
      forward: function () {},
    };
    function go(action, path, state) {
      var url = new URL(typeof path === 'string' ? path : (path.pathname || '/') + (path.search || '') + (path.hash || ''), 'http://panel');
      history.action = action;
      history.location = { pathname: url.pathname, search: url.search, hash: url.hash, state: state };
      callbacks.forEach(function (cb) { cb(history.location, action); });
    }
    return history;
  }

  var answers = {
    getContext: function () { return ask('getContext'); },
    invoke: function (payload) {
      return ask('invoke', { functionKey: payload.functionKey, payload: payload.payload }).then(function (body) {
        return payload.metadata === undefined ? body : { body: body, metadata: {} };
      });
    },
    enableTheming: function () {
      themed = true;
      if (colorMode) { applyTheme(colorMode); return Promise.resolve(); }
      return ask('getContext').then(function (context) { applyTheme((context.theme && context.theme.colorMode) || 'light'); });
    },
    resize: function (payload) { return ask('resize', payload || {}).then(function () { return true; }); },
    on: subscribe,
    onPublic: subscribe,
    emit: function (payload) { return ask('emit', payload); },
    emitPublic: function (payload) { return ask('emit', payload); },
    showFlag: function (payload) {
      var actions = (payload && payload.actions) || [];
      flagActions.set(String(payload.id), actions.map(function (a) { return a.onClick; }));
      return ask('showFlag', Object.assign({}, payload, { actions: actions.map(function (a) { return { text: String(a.text) }; }) }));
    },
    closeFlag: function (payload) { return ask('closeFlag', payload); },
    navigate: function (payload) { return ask('navigate', payload); },
    getUrl: function (location) {
      if (typeof location === 'string') return Promise.resolve(new URL(location, origin));
      return ask('getUrl', location).then(function (href) { return new URL(href); });
    },
    reload: function () { return ask('reload'); },
    refresh: function () { return ask('refresh').then(function () { return true; }); },
    fetchProduct: function (payload) { return ask('fetchProduct', payload); },
    changeWindowTitle: function (title) { return ask('changeWindowTitle', String(title)); },
    createHistory: function () { return Promise.resolve(memoryHistory()); },
    // A panel is not a modal, a full page or a dialog: these report "not available", as Jira does for a panel.
    submit: function () { return Promise.resolve(false); },
    close: function () { return Promise.resolve(false); },
    open: function () { return Promise.resolve(false); },
    onClose: function () { return Promise.resolve(false); },
    openModal: function () { return Promise.resolve(false); },
    getFrameId: function () { return ask('getContext').then(function (context) { return context.localId; }); },
    getCookieConsentPreferences: function () { return Promise.resolve(null); },
    isRovoEnabled: function () { return Promise.resolve(false); },
    initFeatureFlags: function () { return Promise.resolve(undefined); },
    emitReadyEvent: function () { return Promise.resolve(undefined); },
    emitFrontendCustomMetric: function () { return Promise.resolve(undefined); },
    trackObjectStoreAction: function () { return Promise.resolve(undefined); },
  };

  globalThis.__bridge = {
    callBridge: function (name, payload) {
      var answer = Object.prototype.hasOwnProperty.call(answers, name) ? answers[name] : null;
      if (!answer) return Promise.reject(new Error('callBridge("' + name + '") is not available in the local runtime.'));
      try {
        return answer(payload);
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };

  // Custom UI iframes follow their content's height, as Jira sizes them (the panel renders into #root).
  function reportSize() {
    var root = document.getElementById('root') || document.body;
    if (!root) return;
    var height = Math.ceil(root.getBoundingClientRect().bottom + window.scrollY + 8);
    if (host !== window) host.postMessage({ forgeBridge: 'size', height: height }, origin);
  }
  function watchSize() {
    var root = document.getElementById('root') || document.body;
    if (typeof ResizeObserver === 'function') new ResizeObserver(reportSize).observe(root);
    reportSize();
  }
  // A dialog opens where the iframe's viewport puts it, which may be off screen in a tall panel: the host scrolls to it.
  function watchDialogs() {
    var shown = new WeakSet();
    new MutationObserver(function () {
      var dialog = document.querySelector('[role="dialog"], [role="alertdialog"]');
      if (!dialog || shown.has(dialog) || host === window) return;
      shown.add(dialog);
      requestAnimationFrame(function () {
        var rect = dialog.getBoundingClientRect();
        host.postMessage({ forgeBridge: 'reveal', top: rect.top, bottom: rect.bottom }, origin);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }
  function start() {
    watchSize();
    watchDialogs();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
