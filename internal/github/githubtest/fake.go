// Package githubtest is a fake of the few GitHub REST endpoints the
// reconciler calls, served on loopback for tests: an issue's comments
// (list, paginated; create; edit), commit statuses (create) and a commit's
// combined status. It records every write, so that a test can say "one
// comment, edited" or "no status repeated".
package githubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Comment is an issue comment.
type Comment struct {
	ID   int64  `json:"id"`
	Body string `json:"body"`
}

// Status is a commit status as posted.
type Status struct {
	SHA         string `json:"-"`
	State       string `json:"state"`
	Description string `json:"description"`
	Context     string `json:"context"`
	TargetURL   string `json:"target_url,omitempty"`
}

// Server is the fake. Token is the bearer token every request must carry.
type Server struct {
	*httptest.Server
	Token string

	mu       sync.Mutex
	comments map[string][]Comment // "owner/repo#n" → comments
	nextID   int64
	creates  int
	edits    int
	statuses []Status
	// failures are answers to serve before the real ones, for retries.
	failures []failure
	requests int
}

type failure struct {
	status  int
	headers map[string]string
}

// New starts a fake on 127.0.0.1 that t closes.
func New(t *testing.T, token string) *Server {
	t.Helper()
	s := &Server{Token: token, comments: map[string][]Comment{}, nextID: 1000}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /repos/{owner}/{repo}/issues/{n}/comments", s.listComments)
	mux.HandleFunc("POST /repos/{owner}/{repo}/issues/{n}/comments", s.createComment)
	mux.HandleFunc("PATCH /repos/{owner}/{repo}/issues/comments/{id}", s.editComment)
	mux.HandleFunc("POST /repos/{owner}/{repo}/statuses/{sha}", s.createStatus)
	mux.HandleFunc("GET /repos/{owner}/{repo}/commits/{ref}/status", s.combinedStatus)
	s.Server = httptest.NewServer(s.guard(mux))
	t.Cleanup(s.Close)
	return s
}

// FailNext makes the next request answer status with headers (a rate
// limit, a 502), before any real answer.
func (s *Server) FailNext(status int, headers map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, failure{status, headers})
}

// AddComment puts a comment there already (a person's, or an old one).
func (s *Server) AddComment(pr, body string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	s.comments[pr] = append(s.comments[pr], Comment{ID: s.nextID, Body: body})
	return s.nextID
}

// Comments returns the comments of pr ("owner/repo#n").
func (s *Server) Comments(pr string) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Comment(nil), s.comments[pr]...)
}

// Writes returns how many comments were created and edited.
func (s *Server) Writes() (created, edited int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.creates, s.edits
}

// Statuses returns every status posted, in order.
func (s *Server) Statuses() []Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Status(nil), s.statuses...)
}

// Requests counts the requests served, failures included.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests++
		var f *failure
		if len(s.failures) > 0 {
			f = &s.failures[0]
			s.failures = s.failures[1:]
		}
		s.mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+s.Token {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials"})
			return
		}
		if f != nil {
			for k, v := range f.headers {
				w.Header().Set(k, v)
			}
			writeJSON(w, f.status, map[string]string{"message": "injected failure"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func prKey(r *http.Request) string {
	return r.PathValue("owner") + "/" + r.PathValue("repo") + "#" + r.PathValue("n")
}

// listComments pages as GitHub does: per_page (default 30, at most 100),
// page from 1, and a Link header naming the next page.
func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	perPage, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if perPage <= 0 {
		perPage = 30
	}
	perPage = min(perPage, 100)
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	all := s.Comments(prKey(r))
	from := min((page-1)*perPage, len(all))
	to := min(from+perPage, len(all))
	if to < len(all) {
		next := *r.URL
		q := next.Query()
		q.Set("page", strconv.Itoa(page+1))
		q.Set("per_page", strconv.Itoa(perPage))
		next.RawQuery = q.Encode()
		w.Header().Set("Link", fmt.Sprintf(`<%s%s>; rel="next"`, s.URL, next.RequestURI()))
	}
	writeJSON(w, http.StatusOK, all[from:to])
}

func (s *Server) createComment(w http.ResponseWriter, r *http.Request) {
	var in Comment
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == "" {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "body is required"})
		return
	}
	if len([]rune(in.Body)) > 65536 {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "body is too long (maximum is 65536 characters)"})
		return
	}
	s.mu.Lock()
	s.nextID++
	c := Comment{ID: s.nextID, Body: in.Body}
	s.comments[prKey(r)] = append(s.comments[prKey(r)], c)
	s.creates++
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) editComment(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var in Comment
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == "" {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "body is required"})
		return
	}
	if len([]rune(in.Body)) > 65536 {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "body is too long (maximum is 65536 characters)"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, cs := range s.comments {
		for i := range cs {
			if cs[i].ID == id {
				cs[i].Body = in.Body
				s.edits++
				writeJSON(w, http.StatusOK, cs[i])
				return
			}
		}
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
}

func (s *Server) createStatus(w http.ResponseWriter, r *http.Request) {
	var in Status
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": err.Error()})
		return
	}
	switch in.State {
	case "pending", "success", "failure", "error":
	default:
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "state is not included in the list"})
		return
	}
	if len([]rune(in.Description)) > 140 {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "description is too long (maximum is 140 characters)"})
		return
	}
	if in.Context == "" {
		in.Context = "default"
	}
	in.SHA = r.PathValue("sha")
	s.mu.Lock()
	s.statuses = append(s.statuses, in)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, in)
}

// combinedStatus is the latest status of each context on ref.
func (s *Server) combinedStatus(w http.ResponseWriter, r *http.Request) {
	ref := r.PathValue("ref")
	latest := map[string]Status{}
	var order []string
	for _, st := range s.Statuses() {
		if st.SHA != ref {
			continue
		}
		if _, ok := latest[st.Context]; !ok {
			order = append(order, st.Context)
		}
		latest[st.Context] = st
	}
	var out []Status
	for i := len(order) - 1; i >= 0; i-- { // newest first, as GitHub lists them
		out = append(out, latest[order[i]])
	}
	state := "pending"
	if len(out) > 0 {
		state = "success"
		for _, st := range out {
			if st.State != "success" {
				state = st.State
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"state": state, "sha": ref, "statuses": out,
		"total_count": len(out), "updated_at": time.Now().UTC()})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
