// Original file: proto/identity.proto


export interface Empty {
}

export interface Empty__Output {
}
