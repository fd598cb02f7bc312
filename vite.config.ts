import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The base path is set once at build time (BASE_PATH=/sub/) and carried everywhere from import.meta.env.BASE_URL.
const base = process.env.BASE_PATH ?? '/';

export default defineConfig({
  base,
  plugins: [react()],
  build: {
    target: 'es2022',
    sourcemap: true,
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1', port: 5173 },
});
