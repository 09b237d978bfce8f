package awsconfig

import (
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// HTTPClient is the SDK's default HTTP client with one guard: request
// bodies are handed to net/http without their WriteTo method.
//
// Why: smithy-go wraps every request body in a reader whose WriteTo answers
// (0, io.EOF) once the body is closed, and the SDK closes the body as soon
// as the response arrives. net/http's writeLoop, after sending exactly
// ContentLength bytes, copies the rest of the body to io.Discard to check
// that nothing is left; io.Copy uses WriteTo and returns its io.EOF as an
// error, and the transport then closes the connection while the response
// body is still being read ("use of closed network connection"). Seen
// against the local fake about once in a hundred paged calls under load;
// the window exists against AWS too. Without WriteTo, io.Copy reads, and a
// read of (0, io.EOF) is the normal end of a body.
func HTTPClient() aws.HTTPClient {
	return guard(nil)
}

// guard wraps client (the SDK's default when nil) with the body guard.
func guard(client aws.HTTPClient) aws.HTTPClient {
	if client == nil {
		client = awshttp.NewBuildableClient()
	}
	return guardedClient{next: client}
}

type guardedClient struct{ next aws.HTTPClient }

func (c guardedClient) Do(r *http.Request) (*http.Response, error) {
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = readCloserOnly{r.Body}
	}
	return c.next.Do(r)
}

// readCloserOnly hides every method of the body but Read and Close.
type readCloserOnly struct{ io.ReadCloser }
