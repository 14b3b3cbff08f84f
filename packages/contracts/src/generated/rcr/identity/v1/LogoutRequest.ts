// Original file: proto/identity.proto


export interface LogoutRequest {
  'refreshToken'?: (string);
  '_refreshToken'?: "refreshToken";
}

export interface LogoutRequest__Output {
  'refreshToken'?: (string);
  '_refreshToken'?: "refreshToken";
}
