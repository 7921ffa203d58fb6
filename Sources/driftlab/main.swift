import Tensors
print("driftlab")
