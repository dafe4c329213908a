// Package sarhad is the domain of the Sarhad intelligence-fusion platform: reports, events,
// sources, actors, places, markings and the service interfaces that the adapters implement.
//
// It depends on nothing but the standard library. Algorithms (fusion, extraction, the
// gazetteer, the actor registry) and technologies (SQL stores, HTTP, NATS) live in packages
// beside it; only the app package and cmd/sarhad wire them together.
package sarhad

// Version is the program version, set at build time with -ldflags "-X ...Version=...".
var Version = "0.1.0-dev"

// InterchangeVersion is the version line of the interchange contract this build implements.
const InterchangeVersion = 1
