namespace DiracX.Db;

/// <summary>Identifies the DiracX.Db assembly (for assembly scanning and architecture tests).</summary>
public static class DbMarker;
