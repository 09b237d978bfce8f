package servicediscovery

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"sort"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/servicediscovery"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// operation is one asynchronous Cloud Map change. Its effect (apply) takes
// place when Timing.CloudMapOp has passed on the clock, the next time any
// call settles the state; until then GetOperation says SUBMITTED (at the
// very instant of submission) or PENDING.
type operation struct {
	seq       int
	shape     *v1.Operation
	submitted time.Time
	apply     func() error
	done      bool
	err       error
	creatorID string
}

// submit records an operation; callers hold s.mu.
func (s *Service) submit(typ string, targets map[string]string, creatorID string, apply func() error) *operation {
	now := s.env.Clock.Now()
	t := map[string]*string{}
	for k, v := range targets {
		t[k] = aws.String(v)
	}
	op := &operation{seq: s.nextSeq(), submitted: now, apply: apply, creatorID: creatorID, shape: &v1.Operation{
		Id: aws.String(s.env.IDs.Hex(32) + "-" + s.env.IDs.Hex(8)), Type: aws.String(typ), Targets: t, CreateDate: aws.Time(now),
	}}
	s.ops[*op.shape.Id] = op
	return op
}

// settle applies, in submission order, every operation whose time has
// come; callers hold s.mu. Every handler settles first, so the state a call
// sees is the state at the clock's now.
func (s *Service) settle() {
	due := s.env.Clock.Now().Add(-s.env.Timing.CloudMapOp)
	var ready []*operation
	for _, op := range s.ops {
		if !op.done && !op.submitted.After(due) {
			ready = append(ready, op)
		}
	}
	sort.Slice(ready, func(i, j int) bool { return ready[i].seq < ready[j].seq })
	for _, op := range ready {
		op.done, op.err = true, op.apply()
	}
}

// view is the operation as GetOperation shows it now.
func (s *Service) opView(op *operation) *v1.Operation {
	out := *op.shape
	out.UpdateDate = aws.Time(op.submitted)
	switch {
	case op.done && op.err != nil:
		out.Status = aws.String(v1.OperationStatusFail)
		out.ErrorMessage = aws.String(op.err.Error())
		if e, ok := op.err.(*core.Error); ok {
			out.ErrorCode, out.ErrorMessage = aws.String(e.Code), aws.String(e.Message)
		}
		out.UpdateDate = aws.Time(op.submitted.Add(s.env.Timing.CloudMapOp))
	case op.done:
		out.Status = aws.String(v1.OperationStatusSuccess)
		out.UpdateDate = aws.Time(op.submitted.Add(s.env.Timing.CloudMapOp))
	case s.env.Clock.Now().Equal(op.submitted):
		out.Status = aws.String(v1.OperationStatusSubmitted)
	default:
		out.Status = aws.String(v1.OperationStatusPending)
	}
	return &out
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_GetOperation.html
func (s *Service) getOperation(r *core.Request) (any, error) {
	var in v1.GetOperationInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	op, ok := s.ops[aws.StringValue(in.OperationId)]
	if !ok {
		return nil, notFound("OperationNotFound", aws.StringValue(in.OperationId))
	}
	return &v1.GetOperationOutput{Operation: s.opView(op)}, nil
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_ListOperations.html
// Filters NAMESPACE_ID, SERVICE_ID, STATUS and TYPE with EQ or IN.
func (s *Service) listOperations(r *core.Request) (any, error) {
	var in v1.ListOperationsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	var views []*v1.Operation
	for _, op := range s.sortedOps() {
		v := s.opView(op)
		fields := map[string]string{
			"NAMESPACE_ID": aws.StringValue(v.Targets[v1.OperationTargetTypeNamespace]),
			"SERVICE_ID":   aws.StringValue(v.Targets[v1.OperationTargetTypeService]),
			"STATUS":       aws.StringValue(v.Status), "TYPE": aws.StringValue(v.Type),
		}
		ok, err := matchAll(toFilters(in.Filters), fields)
		if err != nil {
			return nil, err
		}
		if ok {
			views = append(views, v)
		}
	}
	start, end, next, err := page(len(views), in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	out := &v1.ListOperationsOutput{Operations: []*v1.OperationSummary{}, NextToken: next}
	for _, v := range views[start:end] {
		out.Operations = append(out.Operations, &v1.OperationSummary{Id: v.Id, Status: v.Status})
	}
	return out, nil
}

func (s *Service) sortedOps() []*operation {
	out := make([]*operation, 0, len(s.ops))
	for _, op := range s.ops {
		out = append(out, op)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

// opByCreator finds an earlier operation of this type submitted with the
// same CreatorRequestId, which a retried create answers with.
func (s *Service) opByCreator(typ, creatorID string) *operation {
	if creatorID == "" {
		return nil
	}
	for _, op := range s.ops {
		if op.creatorID == creatorID && aws.StringValue(op.shape.Type) == typ {
			return op
		}
	}
	return nil
}
