namespace DiracX.Logic;

/// <summary>Identifies the DiracX.Logic assembly (for assembly scanning and architecture tests).</summary>
public static class LogicMarker;
