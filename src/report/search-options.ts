/** MiniSearch options shared by the build (which serialises the index) and the browser (which loads it). */
export const SEARCH_OPTIONS = { fields: ['title', 'text'], storeFields: ['title', 'text', 'page'] };
