/** The offline demo: loopback outlets over bundled sample articles. */
export * from './demo-config.js';
export * from './demo-server.js';
export * from './outlet-templates.js';
export * from './seed-page.js';
