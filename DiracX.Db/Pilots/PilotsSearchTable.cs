using DiracX.Db.Search;

namespace DiracX.Db.Pilots;

/// <summary>The <c>PilotAgents</c> table as the search engine sees it: DiracX's columns, in DiracX's order.</summary>
public static class PilotsSearchTable
{
    /// <summary>The description of <c>pilotagentsdb."PilotAgents"</c>.</summary>
    public static SearchTable Table { get; } = new(Infrastructure.DbNames.PilotAgentsDb, "PilotAgents",
    [
        new("PilotID", "PilotID", SearchColumnType.WholeNumber),
        new("InitialJobID", "InitialJobID", SearchColumnType.WholeNumber),
        new("CurrentJobID", "CurrentJobID", SearchColumnType.WholeNumber),
        new("PilotJobReference", "PilotJobReference", SearchColumnType.Text),
        new("PilotStamp", "PilotStamp", SearchColumnType.Text),
        new("DestinationSite", "DestinationSite", SearchColumnType.Text),
        new("Queue", "Queue", SearchColumnType.Text),
        new("GridSite", "GridSite", SearchColumnType.Text),
        new("VO", "VO", SearchColumnType.Text),
        new("GridType", "GridType", SearchColumnType.Text),
        new("BenchMark", "BenchMark", SearchColumnType.RealNumber),
        new("SubmissionTime", "SubmissionTime", SearchColumnType.DateTime),
        new("LastUpdateTime", "LastUpdateTime", SearchColumnType.DateTime),
        new("Status", "Status", SearchColumnType.Text),
        new("StatusReason", "StatusReason", SearchColumnType.Text),
        new("AccountingSent", "AccountingSent", SearchColumnType.Boolean),
    ], primaryKey: "PilotID", rangeUnit: "pilots");
}
