/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The build lands where Maven packages it: the control plane serves
// META-INF/resources from the berth-web-ui jar at "/".
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'target/classes/META-INF/resources',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/q': 'http://localhost:8080',
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    // CI shares 2 cores with PostgreSQL, Kafka and builds: jsdom renders can take seconds there.
    testTimeout: 30_000,
  },
});
