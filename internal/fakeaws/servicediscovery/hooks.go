package servicediscovery

import "net/http"

// FailNamespace makes the creation of a namespace named name, submitted
// from now on, end in a FAIL operation with errorCode (one of
// https://docs.aws.amazon.com/cloud-map/latest/api/API_Operation.html's
// ErrorCode values; CANNOT_CREATE_HOSTED_ZONE when empty); the namespace
// then does not exist.
func (s *Service) FailNamespace(name, errorCode string) {
	if errorCode == "" {
		errorCode = "CANNOT_CREATE_HOSTED_ZONE"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failing[name] = errorCode
}

// HealNamespace undoes FailNamespace for later creations.
func (s *Service) HealNamespace(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.failing, name)
}

// Hooks serves POST /_devcloud/servicediscovery/fail-namespace?name=NAME
// [&code=ERROR_CODE] (FailNamespace), and DELETE with ?name= to undo it.
func (s *Service) Hooks() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"fail-namespace": func(w http.ResponseWriter, r *http.Request) {
			name := r.URL.Query().Get("name")
			if name == "" {
				http.Error(w, "name is required", http.StatusBadRequest)
				return
			}
			switch r.Method {
			case http.MethodPost:
				s.FailNamespace(name, r.URL.Query().Get("code"))
			case http.MethodDelete:
				s.HealNamespace(name)
			default:
				http.Error(w, "use POST or DELETE", http.StatusMethodNotAllowed)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		},
	}
}
