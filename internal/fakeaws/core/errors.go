package core

import (
	"fmt"
	"net/http"
)

// Error is an AWS error response: an HTTP status and a documented code.
type Error struct {
	Status  int
	Code    string
	Message string
	// Fields are the error shape's other members, for JSON services
	// (ECS ConflictException's resourceIds).
	Fields map[string]any
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf builds an *Error.
func Errorf(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// BadRequest is a 400 client error with the given code.
func BadRequest(code, format string, args ...any) *Error {
	return Errorf(http.StatusBadRequest, code, format, args...)
}

// NotFound is the 400 (sic: AWS answers most not-found errors with 400)
// error with the given code; some services use 404, which they say directly.
func NotFound(code, format string, args ...any) *Error {
	return Errorf(http.StatusBadRequest, code, format, args...)
}

// MissingParameter is the generic error for an absent required parameter.
func MissingParameter(name string) *Error {
	return BadRequest("MissingParameter", "The request must contain the parameter %s", name)
}
