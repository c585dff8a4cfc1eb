"""Placeholder replaced in this session."""
import streamlit as st

st.title("budget")
