// The GMA classes live in @gma/core (the HTML report names them too); the dashboard imports them
// from here, as from its other lib modules.
export * from "@gma/core/gma-classes";
