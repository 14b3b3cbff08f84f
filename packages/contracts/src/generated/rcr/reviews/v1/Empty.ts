// Original file: proto/reviews.proto


export interface Empty {
}

export interface Empty__Output {
}
