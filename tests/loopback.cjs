// Preloaded (NODE_OPTIONS=--require) into the hosts' engines run by the tests:
// a server that would listen on every interface (no host, '0.0.0.0' or '::')
// listens on 127.0.0.1 only. netlify dev has no option for its bind address.
'use strict';
const net = require('net');
const ANY = new Set([undefined, null, '', '0.0.0.0', '::']);
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const a = args[0];
  if (a !== null && typeof a === 'object') {
    // options ({port, host}); a handle, a server or {path|fd|handle} is left alone
    if (Object.getPrototypeOf(a) === Object.prototype && a.path === undefined && a.fd === undefined
        && a.handle === undefined && ANY.has(a.host)) args[0] = { ...a, host: '127.0.0.1' };
  } else if (typeof a === 'number' || (typeof a === 'string' && /^\d+$/.test(a))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
    else if (ANY.has(args[1])) args[1] = '127.0.0.1';
  } else if (a === undefined || typeof a === 'function') {
    args.unshift(0, '127.0.0.1');
  }
  return listen.apply(this, args);
};
