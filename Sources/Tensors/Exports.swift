// Every module that writes files through Tensors sees the one atomic writer.
@_exported import AtomicFiles
