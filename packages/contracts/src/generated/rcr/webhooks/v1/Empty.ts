// Original file: proto/webhooks.proto


export interface Empty {
}

export interface Empty__Output {
}
