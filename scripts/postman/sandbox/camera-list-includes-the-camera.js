pm.test('the camera of this run is listed', function () {
  const ids = pm.response.json().data.map(function (camera) {
    return camera.id;
  });
  pm.expect(ids).to.include(pm.collectionVariables.get('cameraId'));
});
