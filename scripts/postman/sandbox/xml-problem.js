pm.test('an XML problem document', function () {
  pm.expect(pm.response.text()).to.include('<problem xmlns="urn:ietf:rfc:7807">');
});
