"""The versions the course's notebooks were tested and executed with (written by `make lock`)."""

TESTED = {
    "torch": "2.13.0",
    "numpy": "2.4.6",
    "matplotlib": "3.11.2",
    "platformdirs": "4.14.5",
    "graphviz-pure": "0.2.2",
    "ipykernel": "7.4.0",
    "ipywidgets": "8.1.9",
}
