package core

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"net/http"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go/private/protocol/json/jsonutil"
	"github.com/aws/aws-sdk-go/private/protocol/xml/xmlutil"
)

const ec2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/"

func decodeJSON(body []byte, in any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := jsonutil.UnmarshalJSON(in, bytes.NewReader(body)); err != nil {
		return Errorf(http.StatusBadRequest, "SerializationException", "%v", err)
	}
	return nil
}

// xmlBody renders out (a v1 output shape) as the sequence of its members'
// elements, to be wrapped in the protocol's envelope.
func xmlBody(out any) ([]byte, error) {
	if out == nil {
		return nil, nil
	}
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	if err := xmlutil.BuildXML(out, enc); err != nil {
		return nil, err
	}
	if err := enc.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteResponse encodes out in the protocol's success envelope.
func WriteResponse(w http.ResponseWriter, r *Request, out any) {
	switch r.Protocol {
	case JSON:
		body := []byte("{}")
		if out != nil {
			b, err := jsonutil.BuildJSON(out)
			if err != nil {
				WriteError(w, r, fmt.Errorf("encode %s output: %w", r.Action, err))
				return
			}
			body = b
		}
		w.Header().Set("Content-Type", jsonContentType(r))
		w.Header().Set("X-Amzn-RequestId", r.RequestID)
		setChecksum(w, r, body)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	default:
		inner, err := xmlBody(out)
		if err != nil {
			WriteError(w, r, fmt.Errorf("encode %s output: %w", r.Action, err))
			return
		}
		var b strings.Builder
		if r.Protocol == EC2Query {
			fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<%sResponse xmlns="%s"><requestId>%s</requestId>%s</%sResponse>`,
				r.Action, ec2Namespace, r.RequestID, inner, r.Action)
		} else {
			fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<%sResponse><%sResult>%s</%sResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></%sResponse>`,
				r.Action, r.Action, inner, r.Action, r.RequestID, r.Action)
		}
		w.Header().Set("Content-Type", "text/xml")
		w.Header().Set("X-Amzn-RequestId", r.RequestID)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(b.String()))
	}
}

// WriteError encodes err in the protocol's error envelope. An error that is
// not an *Error is an internal error.
func WriteError(w http.ResponseWriter, r *Request, err error) {
	e, ok := err.(*Error)
	if !ok {
		e = &Error{Status: http.StatusInternalServerError, Code: "InternalFailure", Message: err.Error()}
	}
	w.Header().Set("X-Amzn-RequestId", r.RequestID)
	switch r.Protocol {
	case JSON:
		w.Header().Set("Content-Type", jsonContentType(r))
		w.Header().Set("X-Amzn-ErrorType", e.Code)
		fields := map[string]any{"__type": e.Code, "message": e.Message}
		for k, v := range e.Fields {
			fields[k] = v
		}
		body, _ := json.Marshal(fields) // strings and JSON values always marshal
		setChecksum(w, r, body)
		w.WriteHeader(e.Status)
		_, _ = w.Write(body)
	case EC2Query:
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(e.Status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>%s</RequestID></Response>`,
			xmlEscape(e.Code), xmlEscape(e.Message), r.RequestID)
	default:
		kind := "Sender"
		if e.Status >= 500 {
			kind = "Receiver"
		}
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(e.Status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<ErrorResponse><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>`,
			kind, xmlEscape(e.Code), xmlEscape(e.Message), r.RequestID)
	}
}

// setChecksum sets DynamoDB's X-Amz-Crc32 header, the CRC32 (IEEE) of the
// body, which the SDKs check on every DynamoDB answer, errors included:
// without it (or with a wrong one) the v2 SDK logs "response did not
// match expected checksum" on every call.
func setChecksum(w http.ResponseWriter, r *Request, body []byte) {
	if r.Service == "dynamodb" {
		w.Header().Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10))
	}
}

// jsonContentType answers in the JSON dialect the request was sent in.
func jsonContentType(r *Request) string {
	if strings.HasPrefix(r.ContentType, "application/x-amz-json-1.0") {
		return "application/x-amz-json-1.0"
	}
	return "application/x-amz-json-1.1"
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
