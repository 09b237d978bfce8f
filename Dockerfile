# The reconciler daemon image: one static binary FROM scratch, run as a
# small Fargate task (`reconciler run`).
#
# Why scratch and not distroless/static: the binary needs nothing from a
# base image. CA roots are compiled in (golang.org/x/crypto/x509roots/
# fallback, used only when the system has none), it runs as a numeric
# non-root user (no /etc/passwd needed), and it reads no timezone data (it
# logs UTC). So the image is the binary and the default file: no shell, no
# package database, nothing for a scanner to flag, and nothing to pull:
# .ci/image-check builds and runs it without a registry. Build:
#   docker build -t reconciler \
#     --build-arg VERSION=$(git describe --tags --always --dirty) \
#     --build-arg REVISION=$(git rev-parse HEAD) .
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# VERSION and REVISION come from the build's arguments, never from git in
# here: .dockerignore leaves .git out, and a clone without tags must build
# too. An empty VERSION (`git describe` with no tag) is "dev".
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/everruns/reconciler/internal/cli.Version=${VERSION:-dev}" \
      -o /out/reconciler ./cmd/reconciler

FROM scratch
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.source="https://github.com/everruns/reconciler" \
      org.opencontainers.image.title="reconciler" \
      org.opencontainers.image.description="Keeps one AWS environment equal to its file" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
COPY --from=build /out/reconciler /reconciler
COPY deploy/environment.yaml /etc/reconciler/environment.yaml
# 65532 is distroless's "nonroot": any non-zero UID works on Fargate.
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/reconciler"]
CMD ["run", "-f", "/etc/reconciler/environment.yaml", "--listen", ":8080"]
