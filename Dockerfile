# The reconciler daemon image: a static binary on distroless, run as a small
# Fargate task (`reconciler run`). Build: docker build -t reconciler .
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/everruns/reconciler/internal/cli.Version=${VERSION}" \
      -o /out/reconciler ./cmd/reconciler

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/reconciler /reconciler
COPY deploy/environment.yaml /etc/reconciler/environment.yaml
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/reconciler"]
CMD ["run", "-f", "/etc/reconciler/environment.yaml", "--listen", ":8080"]
