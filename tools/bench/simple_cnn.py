"""The SimpleCNN of PyTorch's per-sample-gradients tutorial, shared by the twins of apps/bench's grad and train suites
(apps/bench/src/grad/simple-cnn.ts is @bn's): conv 1->32 3x3, relu, conv 32->64 3x3, relu, max pool 2, flatten,
linear -> 128, relu, linear -> 10, log_softmax; optionally a BatchNorm2d after each conv."""
import torch
import torch.nn.functional as F
from torch import nn

CLASSES = 10


class SimpleCNN(nn.Module):
    """The tutorial's network (its forward returns log_softmax's output), with a BatchNorm2d after each conv if asked."""

    def __init__(self, size=28, batch_norm=False):
        super().__init__()
        pooled = (size - 4) // 2
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.bn1 = nn.BatchNorm2d(32) if batch_norm else nn.Identity()
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.bn2 = nn.BatchNorm2d(64) if batch_norm else nn.Identity()
        self.fc1 = nn.Linear(64 * pooled * pooled, 128)
        self.fc2 = nn.Linear(128, CLASSES)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        x = torch.flatten(F.max_pool2d(x, 2), 1)
        x = F.relu(self.fc1(x))
        return F.log_softmax(self.fc2(x), dim=1)
