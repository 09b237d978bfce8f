package awsconfig

import (
	"bytes"
	"io"
	"net/http"
	"testing"
)

// closingBody behaves as smithy-go's request body does: once closed, its
// WriteTo answers (0, io.EOF) and its Read (0, io.EOF).
type closingBody struct {
	r      *bytes.Reader
	closed bool
}

func (b *closingBody) Read(p []byte) (int, error) {
	if b.closed {
		return 0, io.EOF
	}
	return b.r.Read(p)
}

func (b *closingBody) WriteTo(w io.Writer) (int64, error) {
	if b.closed {
		return 0, io.EOF
	}
	return b.r.WriteTo(w)
}

func (b *closingBody) Close() error { b.closed = true; return nil }

type recordingClient struct{ body io.ReadCloser }

func (c *recordingClient) Do(r *http.Request) (*http.Response, error) {
	c.body = r.Body
	return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody}, nil
}

// What net/http does after the ContentLength bytes are sent, copying the
// rest of a body the SDK has already closed, must end cleanly: an error
// there makes the transport close the connection under the response.
func TestGuardedBodyEndsCleanlyAfterClose(t *testing.T) {
	raw := &closingBody{r: bytes.NewReader([]byte("Action=DescribeDBInstances"))}
	if _, err := io.Copy(io.Discard, raw); err != nil {
		t.Fatalf("copy before close: %v", err)
	}
	_ = raw.Close()
	if _, err := io.Copy(io.Discard, raw); err == nil {
		t.Fatal("test setup: the unguarded body should fail the copy after close, as smithy-go's does")
	}

	rec := &recordingClient{}
	req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1", &closingBody{r: bytes.NewReader([]byte("x"))})
	if _, err := (guardedClient{next: rec}).Do(req); err != nil {
		t.Fatal(err)
	}
	if _, ok := rec.body.(io.WriterTo); ok {
		t.Fatal("the guarded body still offers WriteTo")
	}
	_ = rec.body.Close()
	if _, err := io.Copy(io.Discard, rec.body); err != nil {
		t.Errorf("copy of the guarded body after close = %v, want a clean end", err)
	}
}
