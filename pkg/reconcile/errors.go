package reconcile

import (
	"context"
	"errors"
)

// Class is how the engine treats an error; the one place that decides it is
// Engine.classify.
type Class int

const (
	// ClassTransient errors (throttling, 5xx, eventual consistency, and any
	// error nobody marked) are retried with backoff.
	ClassTransient Class = iota
	// ClassTerminal errors (bad input, access denied, a change AWS refuses)
	// are not retried: trying again cannot help.
	ClassTerminal
	// ClassNotReady errors say a resource is still becoming ready: the
	// engine polls, within the readiness timeout, rather than backing off.
	ClassNotReady
	// ClassFatal errors say the cloud cannot be reached at all (no
	// credentials, an endpoint that refuses connections): every other
	// call would fail the same way, so the pass stops at the first one
	// and reports it once, rather than once per kind after every retry.
	ClassFatal
)

// Classifier classifies errors an adapter did not mark, typically by AWS
// error code; it lets an adapter package teach the engine about AWS
// without the engine importing it.
type Classifier func(error) Class

// ErrRefused is the cause of a change the engine will not make: a
// replacement without AllowReplace, or of a stateful resource, or a change
// the adapter refuses (Refuser).
var ErrRefused = errors.New("change refused")

// ErrTargetMatchesNothing is Plan's and Apply's error for a target prefix
// under which there is no resource, in the file or in AWS: planning nothing
// would report "in sync", and a mistyped target would pass silently.
var ErrTargetMatchesNothing = errors.New("matches no resource in the file or in AWS")

// ErrGuard is the cause reported for a mutating call that
// ApplyOptions.Guard stopped before it was made.
var ErrGuard = errors.New("guard refused the call")

// ErrUnsupported is the cause reported for a resource whose kind has no
// adapter.
var ErrUnsupported = errors.New("no adapter for kind")

type terminalError struct{ err error }

func (e terminalError) Error() string { return e.err.Error() }
func (e terminalError) Unwrap() error { return e.err }

// Terminal marks err as not worth retrying (controller-runtime's
// TerminalError). A nil err stays nil.
func Terminal(err error) error {
	if err == nil {
		return nil
	}
	return terminalError{err}
}

// IsTerminal reports whether err, or an error it wraps, was marked Terminal.
func IsTerminal(err error) bool {
	var t terminalError
	return errors.As(err, &t)
}

type notReadyError struct{ err error }

func (e notReadyError) Error() string { return e.err.Error() }
func (e notReadyError) Unwrap() error { return e.err }

// NotReady marks err as "the resource, or one it needs, is still becoming
// ready". A nil err stays nil.
func NotReady(err error) error {
	if err == nil {
		return nil
	}
	return notReadyError{err}
}

// IsNotReady reports whether err, or an error it wraps, was marked NotReady.
func IsNotReady(err error) bool {
	var n notReadyError
	return errors.As(err, &n)
}

type fatalError struct{ err error }

func (e fatalError) Error() string { return e.err.Error() }
func (e fatalError) Unwrap() error { return e.err }

// Fatal marks err as "the cloud cannot be reached at all" (ClassFatal). A
// nil err stays nil.
func Fatal(err error) error {
	if err == nil {
		return nil
	}
	return fatalError{err}
}

// IsFatal reports whether err, or an error it wraps, was marked Fatal.
func IsFatal(err error) bool {
	var f fatalError
	return errors.As(err, &f)
}

// classify decides, in one place, what the engine does with err. Marks win
// over the classifier; cancellation is terminal, since retrying a
// cancelled call only fails again.
func (e *Engine) classify(err error) Class {
	switch {
	case IsFatal(err):
		return ClassFatal
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return ClassTerminal
	case IsTerminal(err):
		return ClassTerminal
	case IsNotReady(err):
		return ClassNotReady
	case e.classifier != nil:
		return e.classifier(err)
	}
	return ClassTransient
}
