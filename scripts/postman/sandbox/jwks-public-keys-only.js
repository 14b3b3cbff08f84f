pm.test('every key is a public key with an id', function () {
  pm.response.json().keys.forEach(function (key) {
    pm.expect(key).to.include.keys('kty', 'kid');
    pm.expect(key).to.not.have.property('d');
  });
});
