package schema

var comments = map[string]string{}
