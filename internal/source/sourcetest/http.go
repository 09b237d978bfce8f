package sourcetest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing/format/pktline"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp/capability"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/server"
)

// HTTPRepo serves a Repo over git's smart HTTP protocol (fetch only), on
// 127.0.0.1, as a git host would, until Hang makes it stop answering.
type HTTPRepo struct {
	// URL is the http:// URL a git source reads it with.
	URL  string
	hung atomic.Bool
	done chan struct{} // closed when the test ends: hung requests return
}

// Hang makes every request from now on wait, unanswered, until its client
// gives up or the test ends: a git server that accepts and never answers.
func (h *HTTPRepo) Hang() { h.hung.Store(true) }

// hang waits, unanswered, for the client to give up or the test to end.
// The body is read first: only then does net/http notice a client that
// closed its connection.
func (h *HTTPRepo) hang(req *http.Request) {
	_, _ = io.Copy(io.Discard, req.Body)
	select {
	case <-req.Context().Done():
	case <-h.done:
	}
}

// ServeHTTP serves r until the test ends.
func (r *Repo) ServeHTTP(t testing.TB) *HTTPRepo {
	t.Helper()
	git := server.NewServer(server.NewFilesystemLoader(osfs.New(filepath.Join(r.Dir, ".git"))))
	ep, err := transport.NewEndpoint("/")
	if err != nil {
		t.Fatal(err)
	}
	h := &HTTPRepo{done: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /repo.git/info/refs", func(w http.ResponseWriter, req *http.Request) {
		if h.hung.Load() {
			h.hang(req)
			return
		}
		s, err := git.NewUploadPackSession(ep, nil)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		refs, err := s.AdvertisedReferencesContext(req.Context())
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		refs.Prefix = [][]byte{[]byte("# service=git-upload-pack"), pktline.Flush}
		w.Header().Set("Content-Type", "application/x-git-upload-pack-advertisement")
		_ = refs.Encode(w)
	})
	mux.HandleFunc("POST /repo.git/git-upload-pack", func(w http.ResponseWriter, req *http.Request) {
		if h.hung.Load() {
			h.hang(req)
			return
		}
		s, err := git.NewUploadPackSession(ep, nil)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		up := packp.NewUploadPackRequest()
		if err := up.Decode(req.Body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		// go-git's server does not speak shallow: it is asked for the whole
		// history, and the shallow clone's client is told, by an empty
		// shallow-update section, that nothing was cut.
		shallow := up.Capabilities.Supports(capability.Shallow)
		up.Capabilities.Delete(capability.Shallow)
		up.Depth = packp.DepthCommits(0)
		resp, err := s.UploadPack(req.Context(), up)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer resp.Close()
		w.Header().Set("Content-Type", "application/x-git-upload-pack-result")
		if shallow {
			_, _ = w.Write([]byte("0000"))
		}
		_ = resp.Encode(w)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(h.done) }) // first: Close waits for hung requests
	h.URL = srv.URL + "/repo.git"
	return h
}
