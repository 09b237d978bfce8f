package desired

// Pos is a place in the file.
type Pos struct {
	Line, Col int
}

// positions maps a field path ("services.api.cpu",
// "network.public_subnets[0].cidr") to where its value was written, so that
// validation can point at the line a person must change.
type positions map[string]Pos
