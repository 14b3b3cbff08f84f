// Starts a run: a fresh `runId` makes every id and email this run creates unique, so the collection can
// run again and again against one system.
pm.collectionVariables.set('runId', Date.now().toString(36) + Math.random().toString(36).slice(2, 6));
