package daemon

import (
	"net"
	"net/http"
	"time"

	"go.uber.org/zap"
)

// ServerLimits bound what clients can hold of the HTTP server.
type ServerLimits struct {
	// ReadHeader, Read and Write bound one request; Idle bounds a
	// keep-alive connection between requests.
	ReadHeader, Read, Write, Idle time.Duration
	// MaxConns caps open connections. At the cap, an idle keep-alive
	// connection is closed for a new one (one that turns idle while a new
	// one waits, as it does), else the oldest that has not sent a complete
	// request within half a second, else the oldest whose request has
	// been in progress for two seconds (a trickled body): neither idle
	// clients nor a slowloris can starve /healthz or a webhook.
	MaxConns int
}

// DefaultServerLimits suit a metrics and health port: requests are small
// and answers fast.
func DefaultServerLimits() ServerLimits {
	return ServerLimits{ReadHeader: 5 * time.Second, Read: 10 * time.Second,
		Write: 15 * time.Second, Idle: 30 * time.Second, MaxConns: 64}
}

// Serve serves h on ln within lim, and logs the server's own errors
// through log (net/http would print plain lines to stderr). It returns the
// server, to shut it down, and serves in the background.
func Serve(ln net.Listener, h http.Handler, lim ServerLimits, log *zap.Logger) *http.Server {
	limited := newLimitListener(ln, lim.MaxConns)
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: lim.ReadHeader,
		ReadTimeout:       lim.Read,
		WriteTimeout:      lim.Write,
		IdleTimeout:       lim.Idle,
		ConnState:         limited.track,
		ErrorLog:          zap.NewStdLog(log.Named("http")),
	}
	go func() {
		if err := srv.Serve(limited); err != nil && err != http.ErrServerClosed {
			log.Error("HTTP server stopped", zap.Error(err))
		}
	}()
	return srv
}
