/// An error about a file given to driftlab as input — a spec, a `.npy`, a checkpoint, a dataset
/// file — that cannot be read or is not what it claims to be. The command line exits with
/// status 2 for these, as for spec errors: the input needs fixing, not the run.
public protocol InputFileError: Error, CustomStringConvertible {}

extension NumpyArray.FormatError: InputFileError {}
extension FileContents.ReadError: InputFileError {}
