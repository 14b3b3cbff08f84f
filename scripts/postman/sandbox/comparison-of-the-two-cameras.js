// The run's two cameras: the first (full frame, reviewed 9) and the second (APS-C, 40.2 MP, lighter,
// cheaper, not reviewed).
pm.test('both cameras, in the order asked', function () {
  const ids = pm.response.json().data.cameras.map(function (camera) {
    return camera.id;
  });
  pm.expect(ids).to.eql([pm.collectionVariables.get('cameraId'), pm.collectionVariables.get('camera2Id')]);
});
pm.test('fields in common units with the better camera marked', function () {
  const fields = pm.response.json().data.fields;
  const field = function (name) {
    return fields.find(function (f) {
      return f.field === name;
    });
  };
  const first = pm.collectionVariables.get('cameraId');
  const second = pm.collectionVariables.get('camera2Id');
  pm.expect(field('sensorArea').unit).to.eql('mm²');
  pm.expect(field('sensorArea').bestCameraIds).to.eql([first]);
  pm.expect(field('megapixels').bestCameraIds).to.eql([second]);
  pm.expect(field('isoRange').unit).to.eql('stops');
  pm.expect(field('isoRange').bestCameraIds).to.eql([first]);
  pm.expect(field('weight').bestCameraIds).to.eql([second]);
  pm.expect(
    field('price').values.map(function (v) {
      return v.value;
    }),
  ).to.eql([2298, 1399]);
  pm.expect(field('price').bestCameraIds).to.eql([second]);
});
pm.test('scores: only the reviewed camera has one, so no best score is claimed', function () {
  const fields = pm.response.json().data.fields;
  const score = fields.find(function (f) {
    return f.field === 'averageRating';
  });
  pm.expect(
    score.values.map(function (v) {
      return v.value;
    }),
  ).to.eql([9, null]);
  pm.expect(score.bestCameraIds).to.eql([]);
  fields.forEach(function (f) {
    pm.expect(f.values).to.have.lengthOf(2);
    pm.expect(['higher', 'lower', 'none']).to.include(f.better);
  });
});
