package core

import (
	"encoding/base64"
	"strconv"
)

// Page returns the window of n items that starts at the position encoded in
// token, and the token of the next window ("" at the end). max <= 0 means
// defaultMax. Items must be in a stable order (sort them by ID first).
func Page(n int, token string, max, defaultMax int) (start, end int, next string, err error) {
	if max <= 0 {
		max = defaultMax
	}
	if token != "" {
		raw, decErr := base64.RawURLEncoding.DecodeString(token)
		if decErr != nil {
			return 0, 0, "", BadRequest("InvalidNextToken", "The token '%s' is invalid.", token)
		}
		start, err = strconv.Atoi(string(raw))
		if err != nil || start < 0 || start > n {
			return 0, 0, "", BadRequest("InvalidNextToken", "The token '%s' is invalid.", token)
		}
	}
	end = start + max
	if end >= n {
		return start, n, "", nil
	}
	return start, end, base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end))), nil
}
