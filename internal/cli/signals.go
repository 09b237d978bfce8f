package cli

import (
	"context"
	"encoding/json"
	"io"
	"os"
)

// ShutdownContext is parent cancelled at the first signal on sigs: the
// daemon then lets the pass in progress finish within its grace period. A
// second signal is a person (or ECS) out of patience: exit(ExitError) at
// once, after one JSON line on stderr (a valid line in either log format).
func ShutdownContext(parent context.Context, sigs <-chan os.Signal, stderr io.Writer, exit func(int)) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		select {
		case <-sigs:
			cancel()
		case <-parent.Done():
			return
		}
		sig := <-sigs
		line, _ := json.Marshal(map[string]string{"level": "error", "msg": "second signal: exiting at once, the pass in progress may be half done", "signal": sig.String()})
		_, _ = stderr.Write(append(line, '\n'))
		exit(ExitError)
	}()
	return ctx, cancel
}
