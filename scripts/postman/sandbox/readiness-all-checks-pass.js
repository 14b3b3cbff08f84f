pm.test('every dependency is ready', function () {
  const checks = pm.response.json().checks;
  pm.expect(checks).to.be.an('object');
  Object.keys(checks).forEach(function (name) {
    pm.expect(checks[name], name).to.eql(true);
  });
});
