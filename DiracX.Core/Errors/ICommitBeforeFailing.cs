namespace DiracX.Core.Errors;

/// <summary>
/// Marks a failure whose database changes must stand although the request fails (a device-flow poll time, the
/// revocation that follows the reuse of a rotated refresh token): the HTTP layer's unit of work commits, then the
/// failure is sent. Any other failure rolls the request's changes back.
/// </summary>
public interface ICommitBeforeFailing;
