// Trunk's initializer (`data-initializer` in public.html and index.html): a failed download or
// start of the WebAssembly shows the message of load-failure.js instead of a blank page.
export default function initializer() {
  return {
    onFailure: (error) => {
      console.error('the app could not be loaded', error);
      window.portalLoadFailed?.(error);
    },
  };
}
