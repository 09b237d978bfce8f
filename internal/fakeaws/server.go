// Package fakeaws is a local fake of the AWS APIs the reconciler uses,
// served on one HTTP endpoint. It routes each call by the request itself
// (X-Amz-Target for JSON services, the SigV4 credential scope and the Action
// parameter for Query services), counts calls, injects faults, and exposes
// test hooks under /_devcloud/.
package fakeaws

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Server is one isolated fake AWS.
type Server struct {
	env      *core.Env
	services map[string]core.Service
	handlers map[string]map[string]core.Handler
	targets  map[string]string // X-Amz-Target prefix → service name
	hooks    *http.ServeMux
	callLog  func(Call)

	mu    sync.Mutex
	calls map[string]int

	faults faultSet

	enforceIAM bool
	denials    denialLog
	policies   policyCache
}

// Option configures a Server.
type Option func(*config)

type config struct {
	clock   *core.Clock
	timing  *core.Timing
	seed    uint64
	callLog func(Call)
	// enforceIAM: see WithEnforceIAM.
	enforceIAM bool
}

// Call describes one served AWS call, for logging. Status is 0 when the
// connection was dropped by an injected fault.
type Call struct {
	Service   string
	Operation string
	Status    int
	Duration  time.Duration
	// UserAgent is the request's User-Agent header: the SDK puts the
	// client's application ID in it ("app/NAME"), which tells a
	// reconciler's call from a test's own.
	UserAgent string
}

// WithCallLog has log called after every AWS call (not the /_devcloud/
// hooks); the standalone server prints one line per call with it.
func WithCallLog(log func(Call)) Option { return func(cfg *config) { cfg.callLog = log } }

// WithClock sets the clock (default: a manual clock that starts at a fixed
// instant and moves only when advanced).
func WithClock(c *core.Clock) Option { return func(cfg *config) { cfg.clock = c } }

// WithTiming sets how long asynchronous transitions take.
func WithTiming(t core.Timing) Option { return func(cfg *config) { cfg.timing = &t } }

// WithSeed seeds ID generation and fault probabilities.
func WithSeed(seed uint64) Option { return func(cfg *config) { cfg.seed = seed } }

// New builds a fake AWS with every service registered.
func New(opts ...Option) *Server {
	cfg := config{seed: 1}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.clock == nil {
		cfg.clock = core.NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	}
	timing := core.DefaultTiming()
	if cfg.timing != nil {
		timing = *cfg.timing
	}
	s := &Server{
		env:      &core.Env{Clock: cfg.clock, IDs: core.NewIDs(cfg.seed), Timing: timing, Dir: &core.Directory{}},
		services: map[string]core.Service{},
		handlers: map[string]map[string]core.Handler{},
		targets:  map[string]string{},
		hooks:    http.NewServeMux(),
		calls:    map[string]int{},
		callLog:  cfg.callLog,

		enforceIAM: cfg.enforceIAM,
	}
	s.faults.rnd = rand.New(rand.NewPCG(cfg.seed, 7))
	for _, reg := range registry {
		svc, target := reg(s.env)
		s.register(svc, target)
	}
	s.routeHooks()
	return s
}

// registry lists the constructors of every service; each service file of
// this package adds itself (services.go).
var registry []func(env *core.Env) (svc core.Service, targetPrefix string)

func (s *Server) register(svc core.Service, targetPrefix string) {
	s.services[svc.Name()] = svc
	s.handlers[svc.Name()] = svc.Handlers()
	if targetPrefix != "" {
		s.targets[targetPrefix] = svc.Name()
	}
	if hp, ok := svc.(core.HookProvider); ok {
		for name, h := range hp.Hooks() {
			s.hooks.HandleFunc("/_devcloud/"+svc.Name()+"/"+name, h)
		}
	}
}

// Service returns the registered service with this signing name, for
// in-process test hooks.
func (s *Server) Service(name string) core.Service { return s.services[name] }

// Clock is the fake's clock.
func (s *Server) Clock() *core.Clock { return s.env.Clock }

// Calls returns the number of calls per "service:Operation" since the start
// or the last ResetCalls.
func (s *Server) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

// ResetCalls zeroes the call counts.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	s.calls = map[string]int{}
	s.mu.Unlock()
}

// InjectFault adds a fault; ClearFaults removes them all.
func (s *Server) InjectFault(f Fault) { s.faults.add(f) }

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() { s.faults.clear() }

var credentialScope = regexp.MustCompile(`Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/aws4_request`)

// ServeHTTP routes a request to its service and operation.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_devcloud/") {
		s.hooks.ServeHTTP(w, r)
		return
	}
	req, err := s.decode(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.count(req.Service + ":" + req.Action)
	if s.callLog != nil {
		sw, ua := &statusWriter{ResponseWriter: w}, r.Header.Get("User-Agent")
		defer func(start time.Time) {
			s.callLog(Call{Service: req.Service, Operation: req.Action, Status: sw.status, Duration: time.Since(start), UserAgent: ua})
		}(time.Now())
		w = sw
	}
	s.serve(w, req)
}

// serve answers a decoded call: with an injected fault if one fires,
// otherwise with the operation's handler.
func (s *Server) serve(w http.ResponseWriter, req *core.Request) {
	if s.applyFaults(w, req) {
		return
	}
	if denied := s.authorize(req); denied != nil {
		core.WriteError(w, req, denied)
		return
	}
	h := s.handlers[req.Service][req.Action]
	if h == nil {
		core.WriteError(w, req, unknownAction(req))
		return
	}
	out, err := h(req)
	if err != nil {
		core.WriteError(w, req, err)
		return
	}
	core.WriteResponse(w, req, out)
}

func (s *Server) decode(r *http.Request) (*core.Request, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	req := &core.Request{Context: r.Context(), Region: "us-east-1", RequestID: s.env.IDs.UUID()}
	if m := credentialScope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		req.AccessKey, req.Region, req.Service = m[1], m[2], m[3]
	}
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		prefix, op, ok := strings.Cut(target, ".")
		if !ok {
			return nil, fmt.Errorf("malformed X-Amz-Target %q", target)
		}
		name, known := s.targets[prefix]
		if !known {
			return nil, fmt.Errorf("no service answers X-Amz-Target %q", target)
		}
		req.Service, req.Action, req.Protocol, req.Body = name, op, core.JSON, body
		req.ContentType = r.Header.Get("Content-Type")
		return req, nil
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("parse form: %w", err)
	}
	for k, v := range r.URL.Query() {
		form[k] = v
	}
	req.Form, req.Action = form, form.Get("Action")
	svc, ok := s.services[req.Service]
	if !ok {
		return nil, fmt.Errorf("no service %q (credential scope of the Authorization header)", req.Service)
	}
	req.Protocol = svc.Protocol()
	return req, nil
}

func (s *Server) count(key string) {
	s.mu.Lock()
	s.calls[key]++
	s.mu.Unlock()
}

// applyFaults applies the faults that fire for req; it reports whether the
// call was answered (or dropped) by a fault.
func (s *Server) applyFaults(w http.ResponseWriter, req *core.Request) bool {
	for _, f := range s.faults.match(req.Service, req.Action) {
		switch f.Kind {
		case FaultLatency:
			select {
			case <-time.After(f.Latency):
			case <-req.Context.Done():
			}
		case FaultThrottle:
			core.WriteError(w, req, throttleError(req.Protocol))
			return true
		case Fault500:
			core.WriteError(w, req, core.Errorf(http.StatusInternalServerError, "InternalFailure", "injected internal error"))
			return true
		case Fault503:
			core.WriteError(w, req, core.Errorf(http.StatusServiceUnavailable, "ServiceUnavailable", "injected unavailability"))
			return true
		case FaultDrop:
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					_ = conn.Close()
					return true
				}
			}
			panic(http.ErrAbortHandler)
		}
	}
	return false
}

// unknownAction is the error for an operation the fake does not serve: JSON
// services answer UnknownOperationException, Query services InvalidAction.
func unknownAction(req *core.Request) *core.Error {
	if req.Protocol == core.JSON {
		return core.BadRequest("UnknownOperationException", "Operation %s is not supported.", req.Action)
	}
	return core.BadRequest("InvalidAction", "The action %s is not valid for this web service.", req.Action)
}

func throttleError(p core.Protocol) *core.Error {
	switch p {
	case core.EC2Query:
		return core.BadRequest("RequestLimitExceeded", "Request limit exceeded.")
	case core.Query:
		return core.BadRequest("Throttling", "Rate exceeded")
	default:
		return core.BadRequest("ThrottlingException", "Rate exceeded")
	}
}
