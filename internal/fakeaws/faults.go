package fakeaws

import (
	"math/rand/v2"
	"sync"
	"time"
)

// FaultKind is what an injected fault does to a matching call.
type FaultKind string

const (
	// FaultThrottle answers with the service's throttling error
	// (RequestLimitExceeded for EC2, Throttling for Query services,
	// ThrottlingException for JSON services), HTTP 400.
	FaultThrottle FaultKind = "throttle"
	// Fault500 and Fault503 answer with InternalFailure / ServiceUnavailable.
	Fault500 FaultKind = "500"
	Fault503 FaultKind = "503"
	// FaultLatency delays the call by Latency, then serves it.
	FaultLatency FaultKind = "latency"
	// FaultDrop closes the connection without an answer.
	FaultDrop FaultKind = "drop"
)

// Fault is one injected fault. Service and Operation select calls ("" is any);
// it fires for the next Count matching calls (0: unlimited) with Probability
// (0 means always).
type Fault struct {
	Service     string        `json:"service"`
	Operation   string        `json:"operation"`
	Kind        FaultKind     `json:"kind"`
	Probability float64       `json:"probability"`
	Count       int           `json:"count"`
	Latency     time.Duration `json:"latency"`
}

type faultSet struct {
	mu     sync.Mutex
	faults []*Fault
	rnd    *rand.Rand
}

// match returns the faults that fire for this call, consuming their counts.
func (s *faultSet) match(service, op string) []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	var fired []Fault
	kept := s.faults[:0]
	for _, f := range s.faults {
		applies := (f.Service == "" || f.Service == service) && (f.Operation == "" || f.Operation == op)
		if applies && (f.Probability <= 0 || s.rnd.Float64() < f.Probability) {
			fired = append(fired, *f)
			if f.Count > 0 {
				f.Count--
				if f.Count == 0 {
					continue
				}
			}
		}
		kept = append(kept, f)
	}
	s.faults = kept
	return fired
}

func (s *faultSet) add(f Fault) {
	s.mu.Lock()
	s.faults = append(s.faults, &f)
	s.mu.Unlock()
}

func (s *faultSet) clear() {
	s.mu.Lock()
	s.faults = nil
	s.mu.Unlock()
}
