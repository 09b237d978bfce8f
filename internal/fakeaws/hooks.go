package fakeaws

import (
	"encoding/json"
	"net/http"
	"time"
)

// routeHooks serves the test hooks that do not belong to one service:
//
//	GET  /_devcloud/calls           {"ec2:DescribeVpcs": 3, …}
//	POST /_devcloud/calls/reset
//	POST /_devcloud/faults          a Fault as JSON (latency as a Go duration string)
//	DELETE /_devcloud/faults
//	POST /_devcloud/clock/advance?by=5m
//	GET  /_devcloud/iam/denials     [{"principal": …, "operation": …, "action": …, "resources": […], "decision": …}]
//	DELETE /_devcloud/iam/denials
func (s *Server) routeHooks() {
	s.hooks.HandleFunc("GET /_devcloud/iam/denials", func(w http.ResponseWriter, r *http.Request) {
		d := s.Denials()
		if d == nil {
			d = []Denial{}
		}
		writeJSON(w, d)
	})
	s.hooks.HandleFunc("DELETE /_devcloud/iam/denials", func(w http.ResponseWriter, r *http.Request) {
		s.ResetDenials()
		w.WriteHeader(http.StatusNoContent)
	})
	s.hooks.HandleFunc("GET /_devcloud/calls", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, s.Calls())
	})
	s.hooks.HandleFunc("POST /_devcloud/calls/reset", func(w http.ResponseWriter, r *http.Request) {
		s.ResetCalls()
		w.WriteHeader(http.StatusNoContent)
	})
	s.hooks.HandleFunc("POST /_devcloud/faults", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Fault
			Latency string `json:"latency"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, "fault: "+err.Error(), http.StatusBadRequest)
			return
		}
		f := in.Fault
		if in.Latency != "" {
			d, err := time.ParseDuration(in.Latency)
			if err != nil {
				http.Error(w, "fault latency: "+err.Error(), http.StatusBadRequest)
				return
			}
			f.Latency = d
		}
		switch f.Kind {
		case FaultThrottle, Fault500, Fault503, FaultLatency, FaultDrop:
		default:
			http.Error(w, "fault kind must be throttle, 500, 503, latency or drop", http.StatusBadRequest)
			return
		}
		s.InjectFault(f)
		w.WriteHeader(http.StatusNoContent)
	})
	s.hooks.HandleFunc("DELETE /_devcloud/faults", func(w http.ResponseWriter, r *http.Request) {
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	s.hooks.HandleFunc("POST /_devcloud/clock/advance", func(w http.ResponseWriter, r *http.Request) {
		d, err := time.ParseDuration(r.URL.Query().Get("by"))
		if err != nil || d < 0 {
			http.Error(w, "by must be a positive Go duration such as 30s", http.StatusBadRequest)
			return
		}
		s.env.Clock.Advance(d)
		writeJSON(w, map[string]string{"now": s.env.Clock.Now().Format(time.RFC3339)})
	})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
